import os

# service credentials
GEM_HOST_API_KEY = "rubygems_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"


def client():
    return Client(token=GEM_HOST_API_KEY)
