// zoho_client.js -- the consumer under test: a small Zoho Inventory client, the kind an integration has
'use strict';

class ZohoInventoryClient {
  constructor({ baseUrl, token, organizationId }) {
    this.baseUrl = baseUrl.replace(/\/+$/, '');
    this.token = token;
    this.organizationId = organizationId;
  }

  async call(method, path, body) {
    const url = `${this.baseUrl}/inventory/v1${path}${path.includes('?') ? '&' : '?'}organization_id=${this.organizationId}`;
    const headers = { Authorization: `Zoho-oauthtoken ${this.token}` };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    const res = await fetch(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const json = await res.json();
    if (json.code !== 0) throw new Error(`Zoho ${res.status} code ${json.code}: ${json.message}`);
    return json;
  }

  async listItems() { return (await this.call('GET', '/items')).items; }
  async getItem(itemId) { return (await this.call('GET', `/items/${itemId}`)).item; }

  async createStockCount(locationId, itemIds) {
    const body = { location_id: locationId, line_items: itemIds.map((item_id) => ({ item_id })) };
    return (await this.call('POST', '/inventorycounts', body)).inventorycount;
  }
  async getStockCount(countId) { return (await this.call('GET', `/inventorycounts/${countId}`)).inventorycount; }

  async getSalesOrder(salesOrderId) { return (await this.call('GET', `/salesorders/${salesOrderId}`)).salesorder; }
}

module.exports = { ZohoInventoryClient };
