const config = {
  region: "eu-west-1",
  sendgridApiKey: "SG.{{rand:base64url:22}}.{{rand:base64url:43}}",
};
module.exports = config;
