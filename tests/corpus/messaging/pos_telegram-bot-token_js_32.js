const config = {
  region: "eu-west-1",
  telegramBotToken: "{{rand:digit:10}}:AA{{rand:base64url:33}}",
};
module.exports = config;
