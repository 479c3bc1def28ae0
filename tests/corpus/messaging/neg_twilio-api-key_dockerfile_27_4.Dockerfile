FROM python:3.12-slim
WORKDIR /app
ENV TWILIO_API_KEY=SKxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx
CMD ["python", "app.py"]
