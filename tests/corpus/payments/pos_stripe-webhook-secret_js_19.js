const config = {
  region: "eu-west-1",
  stripeWebhookSecret: "whsec_{{rand:alnum:32}}",
};
module.exports = config;
