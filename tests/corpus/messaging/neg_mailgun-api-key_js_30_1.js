const config = {
  region: "eu-west-1",
  mailgunApiKey: "<your-mailgun-api-key>",
};
module.exports = config;
