const config = {
  region: "eu-west-1",
  neonApiKey: "REPLACE_ME",
};
module.exports = config;
