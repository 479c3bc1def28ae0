const config = {
  region: "eu-west-1",
  githubToken: "ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
};
module.exports = config;
