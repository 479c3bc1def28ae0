const config = {
  region: "eu-west-1",
  posthogPersonalApiKey: "phx_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
};
module.exports = config;
