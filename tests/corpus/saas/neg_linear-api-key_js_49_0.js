const config = {
  region: "eu-west-1",
  linearApiKey: "${LINEAR_API_KEY}",
};
module.exports = config;
