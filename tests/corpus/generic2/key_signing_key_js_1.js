const config = {
  region: "eu-west-1",
  signingKey: "{{rand:base64url:40}}",
};
module.exports = config;
