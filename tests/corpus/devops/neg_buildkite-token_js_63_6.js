const config = {
  region: "eu-west-1",
  buildkiteToken: "bkua_...",
};
module.exports = config;
