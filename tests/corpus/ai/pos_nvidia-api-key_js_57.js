const config = {
  region: "eu-west-1",
  nvidiaApiKey: "nvapi-{{rand:base64url:64}}",
};
module.exports = config;
