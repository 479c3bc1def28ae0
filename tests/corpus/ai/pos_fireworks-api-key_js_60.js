const config = {
  region: "eu-west-1",
  fireworksApiKey: "fw_{{rand:alnum:24}}",
};
module.exports = config;
