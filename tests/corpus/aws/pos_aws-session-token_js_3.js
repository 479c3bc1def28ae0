const config = {
  region: "eu-west-1",
  awsSessionToken: "IQoJb3JpZ2luX2Vj{{rand:base64:300}}",
};
module.exports = config;
