FROM python:3.12-slim
WORKDIR /app
ENV AWS_ACCESS_KEY_ID={{ .Values.awsAccessKeyId }}
CMD ["python", "app.py"]
