const config = {
  region: "eu-west-1",
  firecrawlApiKey: "<your-firecrawl-api-key>",
};
module.exports = config;
