const config = {
  region: "eu-west-1",
  notionToken: "REPLACE_ME",
};
module.exports = config;
