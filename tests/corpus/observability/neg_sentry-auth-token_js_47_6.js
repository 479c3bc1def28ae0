const config = {
  region: "eu-west-1",
  sentryAuthToken: "sntryu_...",
};
module.exports = config;
