const config = {
  region: "eu-west-1",
  slackUserToken: "xoxp-...",
};
module.exports = config;
