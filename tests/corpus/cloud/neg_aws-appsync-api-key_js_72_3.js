const config = {
  region: "eu-west-1",
  appsyncApiKey: "changeme",
};
module.exports = config;
