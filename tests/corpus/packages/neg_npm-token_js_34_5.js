const config = {
  region: "eu-west-1",
  npmToken: "REPLACE_ME",
};
module.exports = config;
