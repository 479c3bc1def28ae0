const config = {
  region: "eu-west-1",
  togetherApiKey: "changeme",
};
module.exports = config;
