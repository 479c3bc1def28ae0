const config = {
  region: "eu-west-1",
  googleAccessToken: "ya29.a0{{rand:base64url:120}}",
};
module.exports = config;
