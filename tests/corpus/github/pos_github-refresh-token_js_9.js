const config = {
  region: "eu-west-1",
  githubRefreshToken: "ghr_{{rand:alnum:76}}",
};
module.exports = config;
