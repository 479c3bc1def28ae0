const config = {
  region: "eu-west-1",
  slackAppToken: "xapp-1-A{{rand:A-Z0-9:10}}-{{rand:digit:13}}-{{rand:hex:64}}",
};
module.exports = config;
