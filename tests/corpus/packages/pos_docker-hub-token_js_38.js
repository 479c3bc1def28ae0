const config = {
  region: "eu-west-1",
  dockerhubToken: "dckr_pat_{{rand:base64url:27}}",
};
module.exports = config;
