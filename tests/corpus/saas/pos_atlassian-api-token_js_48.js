const config = {
  region: "eu-west-1",
  jiraApiToken: "ATATT3xFfGF0{{rand:base64url:180}}={{rand:HEX:8}}",
};
module.exports = config;
