const config = {
  region: "eu-west-1",
  discordBotToken: "${DISCORD_BOT_TOKEN}",
};
module.exports = config;
