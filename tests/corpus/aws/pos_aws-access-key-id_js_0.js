const config = {
  region: "eu-west-1",
  awsAccessKeyId: "AKIA{{rand:A-Z2-7:16}}",
};
module.exports = config;
