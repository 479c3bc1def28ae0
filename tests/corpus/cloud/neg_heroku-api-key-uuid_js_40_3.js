const config = {
  region: "eu-west-1",
  herokuApiKey: "changeme",
};
module.exports = config;
