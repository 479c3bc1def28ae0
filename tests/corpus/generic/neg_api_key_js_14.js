const config = {
  region: "eu-west-1",
  apiKey: "0000000000000000",
};
module.exports = config;
