const config = {
  region: "eu-west-1",
  slackBotToken: "<your-slack-bot-token>",
};
module.exports = config;
