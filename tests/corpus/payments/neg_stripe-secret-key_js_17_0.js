const config = {
  region: "eu-west-1",
  stripeSecretKey: "${STRIPE_SECRET_KEY}",
};
module.exports = config;
