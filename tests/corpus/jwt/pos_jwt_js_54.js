const config = {
  region: "eu-west-1",
  sessionToken: "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJ1c2VyLTQyIiwiaWF0IjoxNzAwMDAwMDAwfQ.{{rand:base64url:43}}",
};
module.exports = config;
