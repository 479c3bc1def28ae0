const config = {
  region: "eu-west-1",
  dbPassword: "{{rand:alnum:24}}",
};
module.exports = config;
