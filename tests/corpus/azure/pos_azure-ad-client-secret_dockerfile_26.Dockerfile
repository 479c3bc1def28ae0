FROM python:3.12-slim
WORKDIR /app
ENV AZURE_CLIENT_SECRET={{rand:alnum:3}}8Q~{{rand:alnum:34}}
CMD ["python", "app.py"]
