const config = {
  region: "eu-west-1",
  awsSecretAccessKey: "REPLACE_ME",
};
module.exports = config;
