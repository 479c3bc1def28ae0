const config = {
  region: "eu-west-1",
  twilioAuthToken: "{{rand:hex:32}}",
};
module.exports = config;
