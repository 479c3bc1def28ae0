const config = {
  region: "eu-west-1",
  pypiToken: "pypi-AgEIcHlwaS5vcmc{{rand:base64url:120}}",
};
module.exports = config;
