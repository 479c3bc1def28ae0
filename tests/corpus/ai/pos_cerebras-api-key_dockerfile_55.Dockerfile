FROM python:3.12-slim
WORKDIR /app
ENV CEREBRAS_API_KEY=csk-{{rand:0-9a-z:48}}
CMD ["python", "app.py"]
