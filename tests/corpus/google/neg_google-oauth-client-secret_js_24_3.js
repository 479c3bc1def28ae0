const config = {
  region: "eu-west-1",
  googleClientSecret: "changeme",
};
module.exports = config;
