const config = {
  region: "eu-west-1",
  authToken: "{{rand:alnum:24}}",
};
module.exports = config;
