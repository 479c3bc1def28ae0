FROM python:3.12-slim
WORKDIR /app
ENV LINEAR_API_KEY=lin_api_{{rand:alnum:40}}
CMD ["python", "app.py"]
