const config = {
  region: "eu-west-1",
  githubAppToken: "changeme",
};
module.exports = config;
