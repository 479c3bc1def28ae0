const config = {
  region: "eu-west-1",
  newRelicApiKey: "<your-new-relic-api-key>",
};
module.exports = config;
