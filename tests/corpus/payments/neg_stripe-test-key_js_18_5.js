const config = {
  region: "eu-west-1",
  stripeTestKey: "REPLACE_ME",
};
module.exports = config;
