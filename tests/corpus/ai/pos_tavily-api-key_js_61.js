const config = {
  region: "eu-west-1",
  tavilyApiKey: "tvly-{{rand:alnum:32}}",
};
module.exports = config;
