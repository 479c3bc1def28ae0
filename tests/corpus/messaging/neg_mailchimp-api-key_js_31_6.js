const config = {
  region: "eu-west-1",
  mailchimpApiKey: "...",
};
module.exports = config;
