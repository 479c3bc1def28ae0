const config = {
  region: "eu-west-1",
  awsAccessKeyId: "${AWS_ACCESS_KEY_ID}",
};
module.exports = config;
