const config = {
  region: "eu-west-1",
  braintreeAccessToken: "access_token$production$xxxxxxxxxxxxxxxx",
};
module.exports = config;
