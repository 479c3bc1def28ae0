const config = {
  region: "eu-west-1",
  deployToken: "gldt-{{rand:base64url:20}}",
};
module.exports = config;
