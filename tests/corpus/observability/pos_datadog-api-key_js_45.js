const config = {
  region: "eu-west-1",
  ddApiKey: "{{rand:hex:32}}",
};
module.exports = config;
