const config = {
  region: "eu-west-1",
  runnerToken: "glrt-{{rand:base64url:20}}",
};
module.exports = config;
