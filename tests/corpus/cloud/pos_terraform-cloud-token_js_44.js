const config = {
  region: "eu-west-1",
  tfcToken: "{{rand:alnum:14}}.atlasv1.{{rand:base64url:67}}",
};
module.exports = config;
